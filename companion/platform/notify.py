"""Desktop notifications with buttons, through the freedesktop notification
service on the session D-Bus (Linux and the BSDs), using QtDBus.

A notification is drawn by the desktop, never by us, so it cannot take the
keyboard from the CRM the agent is typing into. `notify()` answers False when
there is no service, or one that cannot show buttons: the caller then shows
Companion's own quiet popup instead.

PySide6 cannot say "this Python int is a D-Bus uint32", which Notify needs,
and services built on GDBus (GNOME Shell, notification-daemon, dunst)
describe their `a{sv}` hints in a way QtDBus cannot fill from Python. So
before the first call we show QtDBus the method types once, from an object of
our own (`_Types`); QtDBus keeps those per connection and interface, and then
converts every argument to the exact D-Bus type when we call the real
service through its meta-object. QtDBus keeps the first description it meets
for good, so the lesson comes before every interface we make: it costs one
local call, and a connection made anew (the session bus restarted, or a test's
private bus whose name was used before) is never left untaught.
Tested against notification-daemon."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, SLOT, ClassInfo, QMetaObject, QObject, Qt, Signal, Slot

from .autostart import ICON

try:
    from PySide6.QtDBus import QDBusConnection, QDBusInterface
except ImportError:  # a Qt build without D-Bus (some Windows/macOS wheels)
    QDBusConnection = QDBusInterface = None

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
# The installed desktop entry's id, which is its icon's name too (`companion desktop-entry
# install`): GNOME links a notification to its app by these, and shows a broken image for a
# name it cannot find (tests/test_e2e_gnome.py).
DESKTOP_ENTRY = ICON

# Keys the app receives in `action_invoked`, with the button words.
NUDGE_ACTIONS: tuple[tuple[str, str], ...] = (
    ("breathe", "Breathe now"),
    ("snooze", "Snooze"),
    ("not_now", "Not now"),
)
CLOSE_REASONS = {1: "expired", 2: "dismissed", 3: "closed"}
_TYPES_PATH = "/org/companion/NotificationTypes"


@ClassInfo({"D-Bus Interface": INTERFACE})
class _Types(QObject):
    """The Notifications methods with their exact types. Never called: only
    its introspection is read, once per connection."""

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout):  # noqa: N802
        return 0

    @Slot("uint")
    def CloseNotification(self, note_id):  # noqa: N802
        pass

    @Slot(result="QStringList")
    def GetCapabilities(self):  # noqa: N802
        return []


def _teach_types(bus: QDBusConnection) -> None:
    types = _Types()
    options = QDBusConnection.RegisterOption.ExportAllSlots
    if bus.registerObject(_TYPES_PATH, types, options):
        try:
            QDBusInterface(bus.baseService(), _TYPES_PATH, INTERFACE, bus)
        finally:
            bus.unregisterObject(_TYPES_PATH)


@dataclass
class _Sent:
    """One of our notifications on screen: where its buttons and its going
    away are told, and the button a click on the notification itself answers."""
    on_action: Callable[[str], None] | None
    on_close: Callable[[str], None] | None
    click: str | None


class Notifier(QObject):
    """Signals: `action_invoked(key)` when a button of one of our notifications
    is pressed; `closed(reason)` when one goes away - "expired", "dismissed"
    (by the user), "closed" (by us) or "other"."""

    action_invoked = Signal(str)
    closed = Signal(str)

    def __init__(
        self,
        app_name: str = "Companion",
        icon: str = DESKTOP_ENTRY,
        bus: QDBusConnection | None = None,
        call_timeout_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self.icon = icon
        self.call_timeout_ms = call_timeout_ms
        self._bus = bus
        self._iface: QDBusInterface | None = None
        self._capabilities: list[str] = []
        self._listening = False
        self._open: dict[int, _Sent] = {}  # our notifications on screen, by id

    # -- asking the service --------------------------------------------------------
    def bus(self) -> QDBusConnection | None:
        if QDBusConnection is None:
            return None
        if self._bus is None:
            self._bus = QDBusConnection.sessionBus()
        return self._bus if self._bus.isConnected() else None

    def available(self) -> bool:
        """A notification service runs, or the bus can start one."""
        bus = self.bus()
        if bus is None:
            return False
        daemon = bus.interface()
        if daemon.isServiceRegistered(SERVICE).value():
            return True
        names = daemon.activatableServiceNames().value() or []
        return SERVICE in names

    def capabilities(self) -> list[str]:
        iface = self._interface()
        return list(self._capabilities) if iface is not None else []

    def _interface(self) -> QDBusInterface | None:
        if self._iface is not None and self._iface.isValid():
            return self._iface
        if not self.available():
            return None
        _teach_types(self.bus())
        iface = QDBusInterface(SERVICE, PATH, INTERFACE, self.bus(), self)
        iface.setTimeout(self.call_timeout_ms)
        if not iface.isValid():
            return None
        reply = iface.call("GetCapabilities")
        arguments = reply.arguments() if reply.errorName() == "" else []
        self._capabilities = [str(c) for c in (arguments[0] if arguments else [])]
        self._iface = iface
        return iface

    def _listen(self) -> None:
        if self._listening:
            return
        bus = self.bus()
        got_action = bus.connect(SERVICE, PATH, INTERFACE, "ActionInvoked", self, SLOT("_on_action(uint,QString)"))
        got_close = bus.connect(SERVICE, PATH, INTERFACE, "NotificationClosed", self, SLOT("_on_closed(uint,uint)"))
        self._listening = got_action and got_close

    # -- what the app calls ----------------------------------------------------------
    def notify(
        self, title: str, text: str, actions: Sequence[tuple[str, str]] = NUDGE_ACTIONS, expire_ms: int = -1,
        on_action: Callable[[str], None] | None = None, on_close: Callable[[str], None] | None = None,
        click: str | None = None,
    ) -> int:
        """Show a notification. Its id (true) when the service took it; 0
        (false) when the caller should show its own popup instead.
        `on_action(key)` hears this notification's buttons and `on_close(reason)`
        its going away (both also come as the signals, for every notification).
        `click`: the key of the button a click on the notification itself
        answers too (the spec's "default" action; mako draws no buttons, so
        there a click is the way to answer)."""
        iface = self._interface()
        if iface is None or (actions and "actions" not in self._capabilities):
            return 0
        self._listen()
        labels = dict(actions)
        both = [*actions, ("default", labels[click])] if click in labels else list(actions)
        flat = [part for key, label in both for part in (key, label)]
        hints = {"desktop-entry": DESKTOP_ENTRY, "suppress-sound": True}  # agents are on the phone
        try:
            note_id = QMetaObject.invokeMethod(
                iface, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
                Q_ARG(str, self.app_name), Q_ARG("uint", 0), Q_ARG(str, self.icon), Q_ARG(str, title),
                Q_ARG(str, text), Q_ARG("QStringList", flat), Q_ARG("QVariantMap", hints), Q_ARG(int, expire_ms),
            )
        except (RuntimeError, TypeError):  # the service declares a Notify we do not know
            return 0
        if iface.lastError().isValid() or not note_id:
            self._iface = None  # ask afresh next time: the service may have restarted
            return 0
        self._open[int(note_id)] = _Sent(on_action, on_close, click if click in labels else None)
        return int(note_id)

    def close(self, note_id: int) -> None:
        """Take one of our notifications down (answered some other way)."""
        if self._iface is not None and note_id in self._open:
            QMetaObject.invokeMethod(
                self._iface, "CloseNotification", Qt.ConnectionType.DirectConnection, Q_ARG("uint", note_id)
            )

    def close_all(self) -> None:
        """Take our open notifications down, e.g. when the nudge was answered
        from the tray instead."""
        for note_id in list(self._open):
            self.close(note_id)

    # -- what the service sends back ------------------------------------------------------
    @Slot("uint", str)
    def _on_action(self, note_id: int, key: str) -> None:
        sent = self._open.get(int(note_id))
        if sent is not None:
            if key == "default" and sent.click is not None:
                key = sent.click
            if sent.on_action is not None:
                sent.on_action(key)
            self.action_invoked.emit(key)

    @Slot("uint", "uint")
    def _on_closed(self, note_id: int, reason: int) -> None:
        sent = self._open.pop(int(note_id), None)
        if sent is not None:
            said = CLOSE_REASONS.get(int(reason), "other")
            if sent.on_close is not None:
                sent.on_close(said)
            self.closed.emit(said)
