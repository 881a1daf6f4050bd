"""Fictional demo data: organisations, people, engagements, actions and commitments that tell the story.

data.py holds the content as plain data; loader.py turns it into records in one flush.
"""

from crm.demo.loader import DemoSummary, load_demo_data

__all__ = ["DemoSummary", "load_demo_data"]
