"""The indicators' charts and maps as matplotlib figures, drawn without Qt (window, CLI and Sozialraumprofil)."""
