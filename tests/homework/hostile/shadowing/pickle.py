raise ImportError("a broken pickle.py beside the homework")
