"""QI project pages, one module per workflow. Views stay thin: permission, scope, service, render."""
