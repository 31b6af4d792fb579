"""Pure validation rules for member sign-up (stdlib only, Korean messages returned, never raised)."""
