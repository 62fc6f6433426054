"""Cross-cutting pieces: database set-up, request lifecycle, security headers, errors, i18n."""
