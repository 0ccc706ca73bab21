"""Course 2's reference: "Improving Deep Neural Networks", weeks 1 and 2, exactly as the course has them.

``dnnstep.course`` is the yardstick for Course 1's week 4; this package is the yardstick for the
four numpy assignments of Course 2, with the course's names, signatures, defaults, return values,
printed lines and arithmetic order (the helper files' own: it decides the printed digits):

- ``initialization``: W1A1, zeros / large random / He initialisation on the circles (``init_utils``);
- ``regularization``: W1A2, L2 and dropout on the football data (``reg_utils``);
- ``gradient_checking``: W1A3, 1-D and N-D gradient checking, with the shipped ``backward_propagation_n``
  and its two deliberate bugs (``gc_utils``);
- ``optimization``: W2A1, mini-batches, momentum, Adam and learning-rate decay on the moons
  (``opt_utils`` 2017, ``opt_utils_v1a`` 2019+);
- ``network``: the one copy of what the helper files share (the 3-layer network, both backward orders);
- ``datasets``: circles and moons as scikit-learn draws them, and the MAT-v5 reader for ``data.mat``;
- ``cases``: the inputs the course's own tests build, per edition;
- ``editions``: the course's editions (2017, 2019, 2021, 2023) and where they differ.

docs/course2.md describes them and how they are verified.

Nothing here imports scikit-learn, scipy or matplotlib; the helpers' plotting is left out.
"""
