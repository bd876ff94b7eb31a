"""Signing reports: the sign/verify flow and the certificate and passphrase dialogs."""
