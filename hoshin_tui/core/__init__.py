"""The core that knows nothing of screens: workspace, demo data, plan health."""
