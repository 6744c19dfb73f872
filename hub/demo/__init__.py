"""`orderhub demo`: the whole flow on the bundled samples, with simulated partners."""
