"""Sending notices: composing the e-mail, talking SMTP, the background delivery loop."""
