"""Master templates and the form generator built on them."""
