"""The hostile corpus: files a hostile submitter could send, generated at test time."""
