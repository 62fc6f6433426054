"""The fictional demo region "Regio Voorbeeld" used by `make run`, the tests and demonstrations."""
