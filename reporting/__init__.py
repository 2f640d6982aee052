"""What reads across apps: the home page and its totals, the city's progress, an
organisation's page, a person's data download; later the commissioners' dashboard, each
role's home and the periodic progress reports. It composes the apps' own selectors."""
