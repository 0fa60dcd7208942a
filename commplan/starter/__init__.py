"""Plans that start from the toolkit: a new plan from the S&OP template (content.py as data,
build.py) and a copy of an existing plan with its dates shifted (copying.py)."""
