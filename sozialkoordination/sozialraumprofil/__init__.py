"""The Sozialraumprofil report: one area's figures, actors and charts as a document."""
