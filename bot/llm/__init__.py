"""The LLM brain's adapter: langchain chat models behind the `Brain` port of bot/dialogue/llm.py.

Imported only when LLM_PROVIDER is not "none" (bot/bootstrap.py), so the offline service never
loads langchain.
"""
