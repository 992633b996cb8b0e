"""The whole game in one window: the scene stack (title, play, saves, settings) and its one loop.

Each frame: every event goes to the top scene (the stack turns a window close or an Esc that no one
used into the top scene's ``request_quit``), then ``update(dt)``, then ``draw``, then
``clock.tick(60)``. :class:`GameApp` is what the scenes call to change scenes: start a new town,
load a save, open the saves menu or the settings, go back to the title, quit.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pygame

from agents.engine.engine_settings import EngineSettings
from agents.llm.settings import SettingsError
from agents.paths import user_folders, user_recordings_dir, user_saves_dir
from agents.persistence.errors import SaveSlotError
from agents.persistence.recording_store import list_recordings, recording_path
from agents.persistence.save_slots import SlotEntry, list_slots, load_slot, newest_slot
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder, load_world_folder
from game.scenes.scene import Scene, SceneStack
from game.scenes.title_scene import TitleActions, TitleScene
from game.scenes.town_session import TownSession, open_town, world_of

log = logging.getLogger(__name__)

FRAME_RATE_CAP = 60


class GameApp:
    """See the module docstring."""

    def __init__(self, *, engine_settings: Callable[[], EngineSettings], seed: int = 0, start_paused: bool = False,
                 saves_dir: Path | None = None, settings_path: Path | None = None,
                 recordings_dir: Path | None = None) -> None:
        self.stack = SceneStack()
        self.engine_settings = engine_settings
        self.seed = seed
        self.start_paused = start_paused
        self.saves_dir = saves_dir or user_saves_dir()
        self.recordings_dir = recordings_dir or user_recordings_dir()
        self.settings_path = settings_path or user_folders().settings_file
        self.message = ""  # the last problem, shown on the title screen
        self.frames = 0
        self.terminate_requested = False

    # -- scenes ----------------------------------------------------------------------------------

    def size(self) -> tuple[int, int]:
        surface = pygame.display.get_surface()
        return surface.get_size() if surface is not None else (1280, 720)

    def title_scene(self) -> TitleScene:
        actions = TitleActions(
            new_town=self.new_town, continue_game=self.continue_game, load=self.open_saves,
            replay=self.open_replay, settings=self.open_settings, quit=self.quit,
            continue_label=self.continue_label, has_recordings=self.has_recordings)
        return TitleScene(actions, self.size())

    def show_title(self) -> None:
        title = self.title_scene()
        if self.message:  # the last problem (a town that could not start, say)
            title.show_message(self.message)
            self.message = ""
        self.stack.reset(title)

    def continue_label(self) -> str | None:
        newest = self._newest_slot()
        if newest is None:
            return None
        header = newest.header
        return f"{newest.slot}: {header.game_time:%a %d %b %H:%M}"

    def has_recordings(self) -> bool:
        try:
            return bool(list_recordings(self.recordings_dir).recordings)
        except OSError as error:
            log.warning("the recordings folder %s cannot be read: %s", self.recordings_dir, error)
            return False

    def _newest_slot(self) -> SlotEntry | None:
        """What Continue loads (a saves folder that cannot be read has none, and says why in the log)."""
        try:
            return newest_slot(self.saves_dir)
        except SaveSlotError as error:
            log.warning("%s", error)
            return None

    def new_town(self, world_path: Path, scenario_name: str, skip_to_morning: bool) -> None:
        try:
            world = load_world_folder(world_path)
            scenario = world.load_scenario(scenario_name)
            session = open_town(world, scenario, seed=self.seed, engine_settings=self.engine_settings(),
                                recordings_dir=self.recordings_dir)
        except (WorldFormatError, SettingsError) as error:
            self.report(str(error))
            return
        self.play(session, skip_to_morning=skip_to_morning)

    def play_new(self, world: WorldFolder, scenario: Scenario) -> None:
        """Straight into a new town (``smallville --world/--scenario``)."""
        session = open_town(world, scenario, seed=self.seed, engine_settings=self.engine_settings(),
                            recordings_dir=self.recordings_dir)
        self.play(session)

    def continue_game(self) -> None:
        newest = self._newest_slot()
        if newest is None:
            self.report("there is no saved town to continue yet")
            return
        self.resume(newest.path)

    def resume(self, path: Path) -> None:
        """Load the save at ``path`` and play it (replacing any town being played)."""
        try:
            loaded = load_slot(path, self.saves_dir)
            world = world_of(loaded.simulation)
            scenario = world.load_scenario(loaded.simulation.scenario_name)
            settings = replace(self.engine_settings(), step_seconds=loaded.simulation.clock.step_seconds)
            session = open_town(world, scenario, seed=self.seed, engine_settings=settings,
                                simulation=loaded.simulation, origin_slot=loaded.slot,
                                recording=loaded.header.recording, recordings_dir=self.recordings_dir)
        except (SaveSlotError, WorldFormatError, SettingsError) as error:
            self.report(str(error))
            return
        self.play(session, message=f"loaded {loaded.slot} ({loaded.header.game_time:%a %d %b %H:%M})")

    def play(self, session: TownSession, *, skip_to_morning: bool = False, message: str = "") -> None:
        from game.scenes.play_scene import PlayScene

        try:
            scene = PlayScene.for_session(session, self, self.size())
        except WorldFormatError as error:  # its art cannot be drawn (a tileset image missing or damaged)
            session.close()
            self.report(str(error))
            return
        scene.clock_control.paused = self.start_paused
        if skip_to_morning:
            scene.clock_control.skip_to_morning()
        if message:
            scene.show_message(message)
        self.stack.reset(scene)

    def current_play(self):  # type: ignore[no-untyped-def]
        from game.scenes.play_scene import PlayScene

        return self.stack.find(PlayScene)

    def open_saves(self) -> None:
        from game.scenes.saves_scene import SavesScene

        play = self.current_play()
        saver = play.saver if play is not None else None
        self.stack.push(SavesScene(self.stack, self.saves_dir, current_town=saver, on_load=self.resume,
                                   viewport_size_px=self.size(), on_replay=self.replay_slot))

    def quick_load(self) -> None:
        from game.scenes.town_saver import QUICKSAVE_SLOT

        path = self.saves_dir / f"{QUICKSAVE_SLOT}.smallville-save"
        if not path.is_file():
            play = self.current_play()
            if play is not None:
                play.show_message("no quick save yet: F5 makes one")
            return
        self.resume(path)

    def open_settings(self) -> None:
        from game.scenes.settings_scene import SettingsScene

        self.stack.push(SettingsScene(self.stack, self.settings_path, self.size()))

    def open_replay(self) -> None:
        """The recordings menu: pick a recorded run to replay."""
        from game.scenes.recordings_scene import RecordingsScene

        self.stack.push(RecordingsScene(self.recordings_dir, on_open=self.replay_recording, on_back=self.stack.pop,
                                        viewport_size_px=self.size()))

    def replay_recording(self, path: Path, start_step: int | None = None) -> None:
        """Play the recording at ``path`` back (from ``start_step``, else its first step) over the scene
        under it; Close or Esc returns there."""
        from agents.persistence.recording_reader import RecordingReader
        from game.scenes.replay_opening import replay_scene_for

        try:
            reader = RecordingReader.open(path)
        except SaveSlotError as error:  # a RecordingError is one
            self.report(str(error))
            return
        try:
            scene = replay_scene_for(reader, self.size(), on_close=self.stack.pop, start_step=start_step,
                                     on_continue=lambda step: self.continue_from_replay(reader, step))
        except (WorldFormatError, SaveSlotError) as error:
            reader.close()
            self.report(str(error))
            return
        self.stack.push(scene)

    def replay_slot(self, entry: SlotEntry) -> None:
        """Replay the recording a save slot names, from the slot's moment."""
        name = entry.header.recording
        if name is None:
            self.report(f"{entry.slot} was saved before its town was recorded: it has no replay")
            return
        self.replay_recording(recording_path(name, self.recordings_dir), start_step=entry.header.step_index)

    def continue_from_replay(self, reader: object, step: int) -> None:
        """Fork a live town from the replayed recording at the keyframe at or before ``step``, as a new
        slot (and recording) named after it, and play it."""
        from agents.persistence.recording_fork import fork_from_recording
        from agents.persistence.recording_reader import RecordingReader
        from game.scenes.saves_scene import suggested_name

        assert isinstance(reader, RecordingReader)
        taken = {entry.slot for entry in self._slot_entries()} | {r.name for r in list_recordings(self.recordings_dir).recordings}
        name = suggested_name(taken, reader.time_of(step), f"{reader.name}-fork")
        try:
            forked = fork_from_recording(reader, step, name, saves_dir=self.saves_dir,
                                         recordings_dir=self.recordings_dir)
            world = world_of(forked.simulation)
            scenario = world.load_scenario(forked.simulation.scenario_name)
        except (SaveSlotError, WorldFormatError) as error:
            self.report(str(error))
            return
        forked.recorder.close(forked.simulation)  # the session goes on recording into it
        settings = replace(self.engine_settings(), step_seconds=forked.simulation.clock.step_seconds)
        try:
            session = open_town(world, scenario, seed=self.seed, engine_settings=settings,
                                simulation=forked.simulation, origin_slot=forked.slot,
                                recording=forked.slot, recordings_dir=self.recordings_dir)
        except SettingsError as error:
            self.report(str(error))
            return
        self.play(session, message=f"a new timeline from {forked.simulation.now:%a %d %b %H:%M}: slot {forked.slot}"
                                   f" (forked from {forked.origin.name} at step {forked.origin.step})")

    def _slot_entries(self) -> list[SlotEntry]:
        try:
            return list(list_slots(self.saves_dir).slots)
        except SaveSlotError as error:
            log.warning("%s", error)
            return []

    def report(self, text: str) -> None:
        """Show a problem on whatever scene is on top (the title, or the play scene)."""
        log.warning("%s", text)
        self.message = text
        top = self.stack.top
        show = getattr(top, "show_message", None)
        if callable(show):
            show(text)

    def quit(self) -> None:
        self.stack.quit_now = True

    def save_and_quit_on_sigterm(self) -> None:
        """A SIGTERM (a logout, ``kill``) saves the town being played into an autosave and quits,
        instead of asking in a dialog nobody may see."""
        def terminate(signum: int, frame: object) -> None:
            self.terminate_requested = True

        try:
            signal.signal(signal.SIGTERM, terminate)
        except (ValueError, OSError) as error:  # not the main thread, or no such signal here
            log.info("SIGTERM will not save the town: %s", error)

    def _terminate(self) -> None:
        play = self.current_play()
        saver = play.saver if play is not None else None
        if saver is not None:
            try:
                saver.save_on_quit()
            except SaveSlotError as error:
                log.error("could not save the town on SIGTERM: %s", error)
        self.quit()

    # -- the loop --------------------------------------------------------------------------------

    def run(self, first: Scene | None = None, *, max_frames: int | None = None) -> int:
        """Play until the window is closed (or ``max_frames`` frames, for tests)."""
        if first is not None:
            self.stack.reset(first)
        elif len(self.stack) == 0:  # nothing started yet (play_new may have opened a town already)
            self.show_title()
        clock = pygame.time.Clock()
        caption = ""
        try:
            while not self.stack.quit_now:
                if self.terminate_requested:
                    self._terminate()
                    break
                for event in pygame.event.get():
                    self.stack.handle_event(event)
                    if self.stack.quit_now:
                        break
                self.step_frame(clock.get_time() / 1000.0)
                wanted = self.caption()
                if wanted != caption:
                    caption = wanted
                    pygame.display.set_caption(caption)
                clock.tick(FRAME_RATE_CAP)
                if max_frames is not None and self.frames >= max_frames:
                    break
        finally:
            self.stack.close()
        return 0

    def step_frame(self, dt_seconds: float) -> None:
        self.stack.update(dt_seconds)
        surface = pygame.display.get_surface()
        if surface is not None:
            self.stack.draw(surface)
            pygame.display.flip()
        self.frames += 1

    def caption(self) -> str:
        top = self.stack.top
        caption = getattr(top, "caption", None)
        return caption() if callable(caption) else "Smallville"
