"""The facilitator's Textual UI. It sits on top of the core and is the only package that imports textual."""
