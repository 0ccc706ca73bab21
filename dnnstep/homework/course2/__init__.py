"""Checking the homework of Course 2 ("Improving Deep Neural Networks"), weeks 1 and 2.

The four numpy assignments are checked as week 4's are: each graded function alone on the course's
own test inputs and on the course's networks, then the file's own ``model`` step by step against the
reference (:mod:`dnnstep.course2`), with hints for the mistakes students make. What differs is said
here once: which assignments there are and what names them (``assignments``), the course editions
and the evidence for them (``editions``), the inputs (``cases``), the course's helper modules
supplied to the homework (``helper_modules``), the mistakes (``mistakes/``) and the training loop
(``training``).
"""
