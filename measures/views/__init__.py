"""Pages for measures, one module per subject. Each view: load what it shows (404 for
someone who may not see it), check the permission (403), validate, call one service or
selector, render or redirect."""
