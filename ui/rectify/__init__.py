"""问题整改: the problem list, its detail and the dialogs that change a problem."""
