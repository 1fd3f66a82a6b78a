"""Command-line commands kept in their own modules (each with ``add_arguments(parser)`` and ``run(ws, args, out)``)."""
