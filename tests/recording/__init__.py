"""Recorded Open Klant exchanges: the cases, their normalisation, the recorder and the comparison."""
