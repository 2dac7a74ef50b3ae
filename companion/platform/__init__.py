"""What touches the operating system. Each concern is one small interface with
an implementation per OS and an honest "not supported here" answer."""
