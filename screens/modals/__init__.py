"""Modal dialogs: each a ModalScreen[Result] returning through dismiss."""
