"""Key figures as files a controller opens in a spreadsheet (CSV, XLSX), German layout."""
