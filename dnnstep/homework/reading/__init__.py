"""Reading the student's file: a .py or .ipynb turned into chunks of code to run."""
