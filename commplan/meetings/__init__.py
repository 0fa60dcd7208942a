"""S&OP meetings and their decisions (issue 15): meetings of the monthly cycle, the decisions
they take, one drafted activity per affected group, and whether each group has heard."""
