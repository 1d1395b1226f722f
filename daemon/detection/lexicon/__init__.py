"""The words detection reads, as data: pattern lists and compiled patterns, no logic.

senders (tools and mailboxes), stages (interview words and stages, kinds), topics (hiring context, posts, words to a
candidate), negatives (other meanings, the interviewer's side). A new word goes into the list it belongs to.
"""
