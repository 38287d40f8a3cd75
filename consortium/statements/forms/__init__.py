"""Statement forms, one module per part of the workflow (as views/): they validate input and
build the typed input the services take; they never write."""
