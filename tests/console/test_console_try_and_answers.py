"""Try a question and the answer catalogue, against the real trained model and content files."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from actions.topic_titles import topic_titles
from console.training_data import examples_by_intent, load_domain
from tests.console.support import Console, ConsoleClient, hidden_fields, page_text, start_console
from tests.support.servers import Servers, free_port, new_parent, replies_text

QUESTION = "Who can give me free impartial advice before a meeting with the school?"


@pytest.fixture(scope="module")
def staff(console: Console) -> ConsoleClient:
    return console.client().signed_in()


@pytest.fixture(scope="module")
def tried(staff: ConsoleClient) -> str:
    """The Try a question page after asking QUESTION for Exampleshire."""
    reply = staff.submit("/try", "/try", {"question": QUESTION, "council": "exampleshire"})
    assert reply.status_code == 200, page_text(reply.text)[:500]
    return reply.text


def _tracker_rows(servers: Servers, sender_prefix: str) -> int:
    engine = sa.create_engine(servers.env()["TRACKER_DB_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT COUNT(*) FROM events WHERE sender_id LIKE :prefix"), {"prefix": sender_prefix + "%"}
            ).scalar_one()
    finally:
        engine.dispose()


def test_try_shows_what_a_parent_would_see(tried: str, servers: Servers) -> None:
    replies = servers.send(new_parent(), QUESTION, {"council": "exampleshire"})
    shown = page_text(tried)
    titles = [button["title"] for reply in replies for button in reply.get("buttons", [])]
    assert titles, "an FAQ answer offers related topics as buttons"
    # The texts in order, then the buttons, as the widget lays them out.
    assert " ".join(replies_text(replies).split() + " ".join(titles).split()) in shown
    assert "01632 960101" in shown, "Exampleshire's own SENDIASS number, as its parents would see it"


def test_try_shows_the_topic_confidence_and_next_best_topics(tried: str, servers: Servers) -> None:
    reading = servers.parse(QUESTION)
    shown = page_text(tried)
    chosen = reading["intent"]
    assert f"Topic chosen {topic_titles()[chosen['name']]} {chosen['name']}" in shown
    assert f"Confidence {chosen['confidence'] * 100:.1f}%" in shown
    runner_up = next(entry for entry in reading["intent_ranking"] if entry["name"] != chosen["name"])
    assert f"{runner_up['name']} {runner_up['confidence'] * 100:.1f}%" in shown


def test_try_shows_the_terms_it_recognised(staff: ConsoleClient, servers: Servers) -> None:
    question = "Can the SENCO get a speech and language therapist to assess my son for dyslexia?"
    entities = servers.parse(question)["entities"]
    assert entities, "the entity ruler should recognise SEN terms in this question"
    shown = page_text(staff.submit("/try", "/try", {"question": question, "council": "england"}).text)
    for entity in entities:
        assert f"{entity['entity']} {entity['value']}" in shown


def test_staff_trials_are_erased_from_the_conversation_database(staff: ConsoleClient, servers: Servers) -> None:
    before = _tracker_rows(servers, "staff-console-")
    reply = staff.submit("/try", "/try", {"question": "How do I ask for an EHC needs assessment?", "council": "england"})
    assert reply.status_code == 200
    assert _tracker_rows(servers, "staff-console-") == before


def test_try_explains_what_to_fix_in_the_form(staff: ConsoleClient) -> None:
    empty = staff.submit("/try", "/try", {"question": "  ", "council": "exampleshire"})
    assert empty.status_code == 400
    assert "There is a problem Type the question a parent might ask" in page_text(empty.text)
    long = staff.submit("/try", "/try", {"question": "why " * 600, "council": "nowhere"})
    assert long.status_code == 400
    shown = page_text(long.text)
    assert "2,000 characters or fewer" in shown and "Choose the council" in shown


def test_a_tried_answer_can_be_flagged_with_the_question_redacted(staff: ConsoleClient, tried: str) -> None:
    question = "My email is worried.parent@example.com, what does the SENDIASS do?"
    page = staff.submit("/try", "/try", {"question": question, "council": "sampleton"}).text
    fields = hidden_fields(page, "/flags")
    reply = staff.post("/flags", data={**fields, "topic": "sendiass", "reason": "out_of_date",
                                       "note": "Opening hours changed in September."})
    assert reply.status_code == 303
    listed = page_text(staff.get("/flags").text)
    assert "Opening hours changed in September." in listed and "Out of date" in listed
    assert "worried.parent@example.com" not in listed and "[email]" in listed
    assert "utter_sendiass" in listed or fields["answer"] in listed


@pytest.fixture(scope="module")
def console_without_rasa(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    running = start_console(servers, Path(tmp_path_factory.mktemp("no-rasa")),
                            RASA_URL=f"http://127.0.0.1:{free_port()}")
    yield running
    running.stop()


def test_try_says_plainly_when_the_assistant_is_down(console_without_rasa: Console) -> None:
    staff = console_without_rasa.client().signed_in()
    reply = staff.submit("/try", "/try", {"question": QUESTION, "council": "england"})
    assert reply.status_code == 503
    assert "The assistant is not answering at http://127.0.0.1:" in page_text(reply.text)


def test_the_catalogue_lists_every_topic_with_its_examples(staff: ConsoleClient) -> None:
    page = staff.get("/answers?council=exampleshire").text
    shown = page_text(page)
    examples = examples_by_intent()
    for topic in load_domain()["intents"]:
        assert f'id="topic-{topic}"' in page
        assert f"Topic id {topic} Example questions it learned from {len(examples[topic])}" in shown


def test_the_catalogue_shows_sources_and_answers_built_by_code(staff: ConsoleClient) -> None:
    shown = page_text(staff.get("/answers?council=exampleshire").text)
    assert "Source: SEND Code of Practice 2015" in shown
    assert "Built by the assistant's code action_local_contacts" in shown
    assert "Exampleshire SENDIASS Phone: 01632 960101" in shown
    sampleton = page_text(staff.get("/answers?council=sampleton").text)
    assert "01632 960101" not in sampleton, "each council sees its own contacts"


def test_the_catalogue_can_be_searched(staff: ConsoleClient) -> None:
    total = len(load_domain()["intents"])
    found = staff.get("/answers", params={"q": "annual review"}).text
    assert 'id="topic-ehcp_annual_review"' in found
    assert f"of {total} topics match “annual review”" in page_text(found)
    assert 'id="topic-greet"' not in found
    nothing = page_text(staff.get("/answers", params={"q": "zebra crossing xylophone"}).text)
    assert f"0 of {total} topics match" in nothing
