"""The shared safety plan (*veiligheidsplan*): versions, agreements, confirmations, PDF."""
