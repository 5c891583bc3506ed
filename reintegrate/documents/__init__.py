"""What the family takes to the school: data statements, letters, reports and charts.

Everything here reads the records and the planner's `plan_view`; nothing here writes.
"""
