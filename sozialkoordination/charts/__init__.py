"""Charts of the social report as matplotlib Figures, drawn without Qt; the window embeds them, the CLI and the
Sozialraumprofil save them. Import this package only when a chart is needed: matplotlib takes time to load."""
