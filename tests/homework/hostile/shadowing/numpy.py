raise ImportError("a broken numpy.py beside the homework")
