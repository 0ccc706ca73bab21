raise ImportError("a broken json.py beside the homework")
