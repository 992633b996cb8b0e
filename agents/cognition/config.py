"""THE constants of the minds, in one frozen value (DESIGN §5; Park et al., UIST 2023).

Every tunable number of memory, retrieval, perception, planning, reactions, dialogue and reflection
lives here, and the run's ablation condition (``condition``). A scenario may override the reflection threshold (``Scenario.reflection_threshold``);
:meth:`MindConfig.for_scenario` applies it. Units are in the names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agents.cognition.condition import FULL, Condition


@dataclass(frozen=True)
class RetrievalWeights:
    """Weights of the three min-max normalised retrieval components (the paper: all 1)."""

    recency: float = 1.0
    importance: float = 1.0
    relevance: float = 1.0


@dataclass(frozen=True)
class MindConfig:
    """See the module docstring."""

    # memory and retrieval
    retrieval_weights: RetrievalWeights = RetrievalWeights()
    recency_decay_per_game_hour: float = 0.995
    retrieval_count: int = 8  # memories returned per query by default
    dialogue_retrieval_count: int = 6
    reflection_retrieval_count: int = 12
    # perception
    vision_radius_tiles: int = 8
    attention_bandwidth: int = 8
    retention_observations: int = 8
    idle_importance: int = 1
    # new memories wait and are scored in one call per resident every this many game minutes, all
    # residents on the same step (so the calls run in parallel; in a crowd a resident sees something
    # new nearly every step, and scoring every step cost ~3,200 calls an hour for 25 residents)
    importance_scoring_interval_minutes: int = 5
    # the scores asked at one scoring step are applied at a later one, when there are new memories
    # to ask about, so scoring runs in the background and seldom holds up the clock (reflection then
    # starts one interval or more later)
    score_importance_in_background: bool = True
    # importance of memories that are not scored by the model
    plan_importance: int = 5
    whisper_importance: int = 9
    interview_importance: int = 6
    # planning
    decompose_horizon_minutes: int = 120  # the current block is decomposed this far ahead at a time
    # when an action starts, where the next one happens is asked at once, in the background (its
    # time and place are those at which the next action will start), and so are the next actions
    # when it is the last one planned; the answers are used then
    place_next_action_ahead: bool = True
    # reactions
    chat_cooldown_minutes: int = 120  # the same pair does not talk again within this
    # conversation pacing (issue 15): a resident holds at most this many conversations in any 60
    # game minutes and this many in a game day, and starts or accepts none within the gap of the last
    max_conversations_per_game_hour: int = 2
    max_conversations_per_game_day: int = 10
    conversation_gap_minutes: int = 45
    react_reconsider_minutes: int = 30  # a pair is not reconsidered (talk/wait/continue) within this
    wait_minutes: int = 5
    night_start_hour: int = 23  # no reactions from this hour ...
    night_end_hour: int = 6  # ... until this hour
    # dialogue
    max_dialogue_rounds: int = 8  # per side
    dialogue_turn_seconds: int = 20  # game time one spoken line takes
    # reflection
    reflection_threshold: int = 150
    reflection_statement_count: int = 100  # most recent memories the questions are asked about
    max_insights_per_question: int = 5
    # how often reflection comes (issue 15): the threshold is calibrated per resident (and so per
    # model) from the importance their memories scored over the last day, so that reflection comes
    # about this many times a game day whatever scale the model scores on; the calibrated threshold
    # stays within these fractions/multiples of ``reflection_threshold``
    calibrate_reflection: bool = True
    reflections_per_game_day: float = 2.5
    calibrated_threshold_min_fraction: float = 0.2
    calibrated_threshold_max_multiple: float = 20.0
    reflection_min_gap_minutes: int = 240  # no new reflection within this of the last one
    max_insights_stored_per_reflection: int = 2
    max_reflections_per_game_day: int = 8  # insights stored per resident per calendar day at most
    # an insight whose words are this similar (Jaccard over word sets) to one held is a repeat
    reflection_repeat_similarity: float = 0.75
    # daily revision
    revision_memory_count: int = 30
    # the paper's ablation condition (agents.cognition.condition): which parts of the mind the run has
    condition: Condition = FULL

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickling: a save made before a field was added gets that field's default (the condition)."""
        if type(state) is not dict:
            raise TypeError(f"a MindConfig's saved state should be a dict, not a {type(state).__name__}")
        for name, default in _ADDED_FIELDS.items():
            state.setdefault(name, default)
        self.__dict__.update(state)

    def for_scenario(self, reflection_threshold: int | None) -> MindConfig:
        """This config with the scenario's reflection threshold (when it gives one)."""
        if reflection_threshold is None:
            return self
        return replace(self, reflection_threshold=reflection_threshold)


_ADDED_FIELDS: dict[str, object] = {"condition": FULL}  # fields newer than the first saves, with their defaults
DEFAULT_CONFIG = MindConfig()
