"""Writes MillsRatioTable.swift, the coefficients of `Normal.millsRatio(lanes:)`.

R(z) = Q(z)/φ(z) = √(π/2)·erfc(z/√2)·e^{z²/2}, computed here with mpmath at 50 digits.
- z in [0, 8): 32 pieces [j/4, (j+1)/4]; on each, R as a polynomial of degree 10 in
  u = 8z - (2j + 1) ∈ [-1, 1] (the interpolant at 11 Chebyshev nodes, in the power basis).
- z ≥ 8: z·R(z) as a polynomial of degree 10 in v = 64/z² ∈ (0, 1] (the interpolant at 11
  Chebyshev nodes of [0, 1]; at v = 0 the limit 1).
The script evaluates both in double precision by Horner's rule, as the Swift code does, at 60
points per piece and 600 points from 8 to 1e8, and prints the largest relative error to stderr
(2.3e-16 when written).

Run from the repository root:
    python3 Sources/GuidanceNumerics/MillsRatioTable.py > Sources/GuidanceNumerics/MillsRatioTable.swift
"""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50
PIECES, DEGREE, FAR = 32, 10, 8


def mills(z):
    return mp.sqrt(mp.pi / 2) * mp.erfc(z / mp.sqrt(2)) * mp.exp(z * z / 2)


def far_function(v):
    if v == 0:
        return mp.mpf(1)
    z = FAR / mp.sqrt(v)
    return z * mills(z)


def interpolant(f, lower, upper, variable):
    """Power-basis coefficients, in `variable(y)`, of f's interpolant at the Chebyshev nodes y of [lower, upper]."""
    nodes = [(lower + upper) / 2 + (upper - lower) / 2 * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / (DEGREE + 1)) for k in range(DEGREE + 1)]
    matrix = mp.matrix([[variable(y) ** j for j in range(DEGREE + 1)] for y in nodes])
    return [float(c) for c in mp.lu_solve(matrix, mp.matrix([f(y) for y in nodes]))]


def horner(coefficients, t):
    s = np.float64(0)
    for c in reversed(coefficients):
        s = s * t + np.float64(c)
    return s


worst = 0.0
near = []
for j in range(PIECES):
    c = interpolant(mills, mp.mpf(j) / 4, mp.mpf(j + 1) / 4, lambda z: 8 * z - (2 * j + 1))
    near.append(c)
    for z in np.linspace(j / 4, (j + 1) / 4, 61)[:-1]:
        reference = float(mills(mp.mpf(float(z))))
        worst = max(worst, abs(horner(c, np.float64(8) * z - (2 * j + 1)) - reference) / reference)
far = interpolant(far_function, mp.mpf(0), mp.mpf(1), lambda v: v)
for z in list(np.linspace(FAR, 4 * FAR, 400)) + list(np.geomspace(4 * FAR, 1e8, 200)):
    inverse = 1 / np.float64(z)
    v = (FAR * inverse) * (FAR * inverse)
    reference = float(mills(mp.mpf(float(z))))
    worst = max(worst, abs(horner(far, v) * inverse - reference) / reference)
print(f"largest relative error {worst:.3g}", file=sys.stderr)

print("// Written by MillsRatioTable.py (mpmath, 50 digits); do not edit.")
print()
print("extension Normal {")
print(f"    /// `R(z)` on `[j/4, (j+1)/4)`, j = 0…{PIECES - 1}: {DEGREE + 1} power-basis coefficients each (constant term")
print("    /// first) in `u = 8z - (2j + 1)`.")
print("    static let millsRatioNear: [Double] = [")
for c in near:
    print("        " + ", ".join(repr(x) for x in c) + ",")
print("    ]")
print()
print(f"    /// `z·R(z)` for `z ≥ {FAR}`: power-basis coefficients (constant term first) in `v = {FAR * FAR}/z²`.")
print("    static let millsRatioFar: [Double] = [")
print("        " + ", ".join(repr(x) for x in far) + ",")
print("    ]")
print("}")
