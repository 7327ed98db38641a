"""One module per publisher: each fetches raw payloads and parses them into tidy frames."""
