"""Payment pages, one module per workflow. Thin: permission, scope, service, render."""
