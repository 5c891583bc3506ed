"""A bare Textual app: header, one line, footer. The floor any Textual app pays to first paint.

`python -m benchmarks.startup` runs it beside reintegrate, in the same terminal size,
and divides by its time: what is left is what reintegrate itself costs.
"""

from textual.app import App
from textual.widgets import Footer, Header, Static

LINE = "Step 4 of 12: 30 minutes at school"


class Bare(App):
    def compose(self):
        yield Header()
        yield Static(LINE, id="step")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
