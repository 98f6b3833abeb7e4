#!/usr/bin/env python3
"""Writes a CSV of N fictional laboratories for figures/batch/lab-template.yaml.

Usage: bench/gen_csv.py N > labs-N.csv

Every name and number is made up (a fixed pseudo-random sequence, so two
runs give the same file): ILLUSTRATIVE PLACEHOLDERS, not facts.
"""
import random
import sys

CITIES = ["Orsay", "Palaiseau", "Gif-sur-Yvette", "Saclay", "Les Ulis",
          "Massy", "Versailles", "Évry", "Châtenay-Malabry", "Jouy-en-Josas"]


def letters(i):
    """0 -> A, 25 -> Z, 26 -> AA..."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(20250115)
    out = sys.stdout
    out.write("code,nom,ville,annee,chercheurs,doctorants,appui,publications,"
              "budget,part_ia,partenaires,pub_2021,pub_2022,pub_2023,pub_2024\n")
    for i in range(n):
        code = "labo-%s" % letters(i).lower()
        researchers = rng.randint(30, 400)
        phd = rng.randint(10, researchers)
        support = rng.randint(10, 150)
        pubs = [rng.randint(40, 800)]
        for _ in range(3):
            pubs.append(max(10, pubs[-1] + rng.randint(-40, 60)))
        budget = rng.randint(20, 600) * 100000
        out.write("%s,Laboratoire %s,%s,2024,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n" % (
            code, letters(i), CITIES[i % len(CITIES)], researchers, phd,
            support, pubs[-1], budget, rng.randint(5, 80), rng.randint(0, 70),
            *pubs))


if __name__ == "__main__":
    main()
