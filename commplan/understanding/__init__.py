"""Did it land? (issue 19 §3): understanding and support from the pulse answers, rolled up per
stakeholder group over time, per phase, per channel and across plans."""
