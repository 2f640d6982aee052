"""Forms for measures, by the pages that use them."""
