"""Core's English as shown in the windows, listed for translators.

Written by packaging/update_translations.sh (companion.translations.catalogue);
do not edit by hand. Windows show these strings through core_text()."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

CORE_TEXT = (
    # setting rough_streak: group
    QT_TRANSLATE_NOOP('core_text', 'Nudges'),
    # setting rough_streak: label
    QT_TRANSLATE_NOOP('core_text', 'Nudge after this many rough calls in a row'),
    # setting rough_streak: help
    QT_TRANSLATE_NOOP('core_text', 'A break or a breathing minute starts the count again.'),
    # setting rough_streak: suffix
    QT_TRANSLATE_NOOP('core_text', ' calls'),
    # setting break_after_minutes: label
    QT_TRANSLATE_NOOP('core_text', 'Remind me to take a break after'),
    # setting break_after_minutes: help
    QT_TRANSLATE_NOOP('core_text', 'Minutes of work without a break. 0 turns this reminder off.'),
    # setting break_after_minutes: suffix
    QT_TRANSLATE_NOOP('core_text', ' min'),
    # setting nudge_cooldown_minutes: label
    QT_TRANSLATE_NOOP('core_text', 'Wait at least this long between nudges'),
    # setting nudge_cooldown_minutes: help
    QT_TRANSLATE_NOOP('core_text', 'No two nudges come closer together than this.'),
    # setting snooze_minutes: label
    QT_TRANSLATE_NOOP('core_text', 'Snooze a nudge for'),
    # setting snooze_minutes: help
    QT_TRANSLATE_NOOP('core_text', 'How long Snooze puts a nudge off.'),
    # setting away_break_minutes: label
    QT_TRANSLATE_NOOP('core_text', 'Count time away from the keyboard as a break after'),
    # setting away_break_minutes: help
    QT_TRANSLATE_NOOP('core_text', 'No keyboard or mouse for this long, or the screen locked, is a break you took: the time without one starts again. 0 turns this off.'),
    # setting pause_minutes: label
    QT_TRANSLATE_NOOP('core_text', 'Pause nudges for'),
    # setting pause_minutes: help
    QT_TRANSLATE_NOOP('core_text', "How long 'Pause nudges' in the menu keeps them quiet."),
    # setting nudge_answer_minutes: label
    QT_TRANSLATE_NOOP('core_text', 'Count a nudge as ignored after'),
    # setting nudge_answer_minutes: help
    QT_TRANSLATE_NOOP('core_text', 'A nudge left unanswered this long closes itself and is noted as ignored.'),
    # setting work_start: group
    QT_TRANSLATE_NOOP('core_text', 'Work hours'),
    # setting work_start: label
    QT_TRANSLATE_NOOP('core_text', 'Work starts at'),
    # setting work_start: help
    QT_TRANSLATE_NOOP('core_text', 'Nudges and reminders only come during work hours.'),
    # setting work_end: label
    QT_TRANSLATE_NOOP('core_text', 'Work ends at'),
    # setting work_end: help
    QT_TRANSLATE_NOOP('core_text', 'An end before the start is a night shift that ends the next day.'),
    # setting work_days: label
    QT_TRANSLATE_NOOP('core_text', 'Work days'),
    # setting work_days: help
    QT_TRANSLATE_NOOP('core_text', 'Nudges and the end-of-day question come only on these days.'),
    # setting quiet_hours: label
    QT_TRANSLATE_NOOP('core_text', 'Keep quiet hours'),
    # setting quiet_hours: help
    QT_TRANSLATE_NOOP('core_text', 'No nudges at all between the quiet start and end below.'),
    # setting quiet_start: label
    QT_TRANSLATE_NOOP('core_text', 'Quiet from'),
    # setting quiet_start: help
    QT_TRANSLATE_NOOP('core_text', 'Lunch, say: no nudges from this time.'),
    # setting quiet_end: label
    QT_TRANSLATE_NOOP('core_text', 'Quiet until'),
    # setting quiet_end: help
    QT_TRANSLATE_NOOP('core_text', 'Nudges may come again from this time.'),
    # setting pattern: group
    QT_TRANSLATE_NOOP('core_text', 'Breathing'),
    # setting pattern: label
    QT_TRANSLATE_NOOP('core_text', 'Breathing pattern'),
    # setting pattern: help
    QT_TRANSLATE_NOOP('core_text', 'The rhythm a breathing minute follows; Custom uses the four timings below.'),
    # setting session_seconds: label
    QT_TRANSLATE_NOOP('core_text', 'Session length'),
    # setting session_seconds: help
    QT_TRANSLATE_NOOP('core_text', "How long one 'mute & breathe' lasts."),
    # setting session_seconds: suffix
    QT_TRANSLATE_NOOP('core_text', ' s'),
    # setting custom_inhale: label
    QT_TRANSLATE_NOOP('core_text', 'Custom: breathe in'),
    # setting custom_inhale: help
    QT_TRANSLATE_NOOP('core_text', 'How long each breath in lasts.'),
    # setting custom_hold_in: label
    QT_TRANSLATE_NOOP('core_text', 'Custom: hold after in'),
    # setting custom_hold_in: help
    QT_TRANSLATE_NOOP('core_text', 'A pause with full lungs; 0 for none.'),
    # setting custom_exhale: label
    QT_TRANSLATE_NOOP('core_text', 'Custom: breathe out'),
    # setting custom_exhale: help
    QT_TRANSLATE_NOOP('core_text', 'A breath out longer than the breath in is what calms.'),
    # setting custom_hold_out: label
    QT_TRANSLATE_NOOP('core_text', 'Custom: hold after out'),
    # setting custom_hold_out: help
    QT_TRANSLATE_NOOP('core_text', 'A pause with empty lungs; 0 for none.'),
    # setting sound_cue: label
    QT_TRANSLATE_NOOP('core_text', 'Soft sound at each change'),
    # setting sound_cue: help
    QT_TRANSLATE_NOOP('core_text', 'A quiet tone when it is time to switch, so you can close your eyes.'),
    # setting reduce_motion: label
    QT_TRANSLATE_NOOP('core_text', 'Reduce motion'),
    # setting reduce_motion: help
    QT_TRANSLATE_NOOP('core_text', 'Show a calm progress ring instead of a growing and shrinking shape.'),
    # setting call_awareness: group
    QT_TRANSLATE_NOOP('core_text', 'Calls'),
    # setting call_awareness: label
    QT_TRANSLATE_NOOP('core_text', "Notice when I'm on a call"),
    # setting call_awareness: help
    QT_TRANSLATE_NOOP('core_text', 'Watches only whether another program is using the microphone; no sound is ever read or kept. Nudges wait until the call is over.'),
    # setting ask_after_call: label
    QT_TRANSLATE_NOOP('core_text', 'Ask "How was that call?" when a call ends'),
    # setting ask_after_call: help
    QT_TRANSLATE_NOOP('core_text', 'A quiet question with Rough, OK and Great; one click logs the call.'),
    # setting popup_seconds: label
    QT_TRANSLATE_NOOP('core_text', 'Close the tag popup after'),
    # setting popup_seconds: help
    QT_TRANSLATE_NOOP('core_text', 'The popup after a logged call closes by itself unless you are using it.'),
    # setting flag_rough_share: group
    QT_TRANSLATE_NOOP('core_text', 'Weekly review'),
    # setting flag_rough_share: label
    QT_TRANSLATE_NOOP('core_text', 'Point out a week when rough calls reach'),
    # setting flag_rough_share: help
    QT_TRANSLATE_NOOP('core_text', "Share of a week's calls rated rough."),
    # setting flag_rough_share: suffix
    QT_TRANSLATE_NOOP('core_text', ' %'),
    # setting flag_mood_weeks: label
    QT_TRANSLATE_NOOP('core_text', 'Point out mood falling for this many weeks running'),
    # setting flag_mood_weeks: help
    QT_TRANSLATE_NOOP('core_text', 'Average mood lower than the week before, again and again.'),
    # setting flag_mood_weeks: suffix
    QT_TRANSLATE_NOOP('core_text', ' weeks'),
    # setting flag_ignored_share: label
    QT_TRANSLATE_NOOP('core_text', 'Point out a week when ignored nudges pass'),
    # setting flag_ignored_share: help
    QT_TRANSLATE_NOOP('core_text', "Share of a week's nudges left unanswered."),
    # setting flag_energy: label
    QT_TRANSLATE_NOOP('core_text', 'Point out after-work energy averaging at or below'),
    # setting flag_energy: help
    QT_TRANSLATE_NOOP('core_text', 'From the end-of-day question, 1 (empty) to 5 (plenty).'),
    # setting flag_selfcheck: label
    QT_TRANSLATE_NOOP('core_text', 'Point out a self-check score at or above'),
    # setting flag_selfcheck: help
    QT_TRANSLATE_NOOP('core_text', 'Self-check scores run from 0 to 100.'),
    # setting selfcheck_weeks: label
    QT_TRANSLATE_NOOP('core_text', 'Offer the self-check every'),
    # setting selfcheck_weeks: help
    QT_TRANSLATE_NOOP('core_text', 'A few questions about how the calls wear on you. 0 turns it off.'),
    # setting checkin: label
    QT_TRANSLATE_NOOP('core_text', 'Ask about my energy at the end of the day'),
    # setting checkin: help
    QT_TRANSLATE_NOOP('core_text', 'One question when work hours end: how much energy is left for your evening?'),
    # setting spike_min_rough: group
    QT_TRANSLATE_NOOP('core_text', 'Patterns'),
    # setting spike_min_rough: label
    QT_TRANSLATE_NOOP('core_text', 'Note a tag on this many rough calls a week'),
    # setting spike_min_rough: help
    QT_TRANSLATE_NOOP('core_text', 'Rough calls carrying the tag in one week; fewer than this is too few to mean much.'),
    # setting spike_ratio: label
    QT_TRANSLATE_NOOP('core_text', '…and this many times its usual week'),
    # setting spike_ratio: help
    QT_TRANSLATE_NOOP('core_text', "Usual: the tag's weekly average over the weeks before."),
    # setting spike_ratio: suffix
    QT_TRANSLATE_NOOP('core_text', ' ×'),
    # setting spike_base_weeks: label
    QT_TRANSLATE_NOOP('core_text', 'Take its usual week from the last'),
    # setting spike_base_weeks: help
    QT_TRANSLATE_NOOP('core_text', "The tag's usual week is its average over this many weeks before."),
    # setting hour_min_calls: label
    QT_TRANSLATE_NOOP('core_text', 'Note an hour only with at least'),
    # setting hour_min_calls: help
    QT_TRANSLATE_NOOP('core_text', 'Calls logged in that hour over the weeks shown; fewer would be chance.'),
    # setting hour_ratio: label
    QT_TRANSLATE_NOOP('core_text', 'Note an hour at this many times the share'),
    # setting hour_ratio: help
    QT_TRANSLATE_NOOP('core_text', "An hour's share of rough calls, against the share over all the weeks shown."),
    # setting review_weeks: label
    QT_TRANSLATE_NOOP('core_text', 'Show this many weeks in the review'),
    # setting review_weeks: help
    QT_TRANSLATE_NOOP('core_text', 'How far back the weekly review window looks.'),
    # setting shortcut_breathe: group
    QT_TRANSLATE_NOOP('core_text', 'Shortcuts'),
    # setting shortcut_breathe: label
    QT_TRANSLATE_NOOP('core_text', 'Mute & breathe, from any window'),
    # setting shortcut_breathe: help
    QT_TRANSLATE_NOOP('core_text', 'One key combination opens a breathing minute with the microphone muted, whatever window you are typing in. Empty turns it off.'),
    # setting shortcut_rough: label
    QT_TRANSLATE_NOOP('core_text', 'Log a rough call'),
    # setting shortcut_rough: help
    QT_TRANSLATE_NOOP('core_text', 'Empty until you pick keys: click the field and press them.'),
    # setting shortcut_ok: label
    QT_TRANSLATE_NOOP('core_text', 'Log an OK call'),
    # setting shortcut_ok: help
    QT_TRANSLATE_NOOP('core_text', 'Empty until you pick keys.'),
    # setting shortcut_great: label
    QT_TRANSLATE_NOOP('core_text', 'Log a great call'),
    # setting backups_kept: group
    QT_TRANSLATE_NOOP('core_text', 'General'),
    # setting backups_kept: label
    QT_TRANSLATE_NOOP('core_text', 'Keep daily backups for'),
    # setting backups_kept: help
    QT_TRANSLATE_NOOP('core_text', 'Companion copies your data once a day; older copies are removed.'),
    # setting backups_kept: suffix
    QT_TRANSLATE_NOOP('core_text', ' days'),
    # setting start_at_login: label
    QT_TRANSLATE_NOOP('core_text', 'Start Companion when I log in'),
    # setting start_at_login: help
    QT_TRANSLATE_NOOP('core_text', "Adds Companion to your desktop's start-up list; turning it off removes it."),
    # span quiet_start-quiet_end: name
    QT_TRANSLATE_NOOP('core_text', 'Quiet hours'),
    # breathing pattern cyclic_sigh
    QT_TRANSLATE_NOOP('core_text', 'Cyclic sigh'),
    # breathing pattern resonance
    QT_TRANSLATE_NOOP('core_text', 'Resonance (5.5 a minute)'),
    # breathing pattern box
    QT_TRANSLATE_NOOP('core_text', 'Box 4-4-4-4'),
    # breathing pattern 4-7-8
    QT_TRANSLATE_NOOP('core_text', '4-7-8'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'Microphone muted for breathing'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'Microphone NOT muted'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'Nothing new can be saved right now'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'On a call'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'On a break'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'Nudges paused until {time}'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'Calls today: {calls}'),
    # the tray's status line
    QT_TRANSLATE_NOOP('core_text', 'Calls today: {calls}, {run} rough in a row'),
)
