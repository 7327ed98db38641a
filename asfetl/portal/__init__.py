"""The submission portal: enterprises upload their report through a personal link, checked at once."""
