"""One page with a counter: an event that changes one var and answers with a toast, nothing else."""

import reflex as rx


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1
        return rx.toast.success("ok")


def index() -> rx.Component:
    return rx.text(CounterState.count)


app = rx.App()
app.add_page(index)
