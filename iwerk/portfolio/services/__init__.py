"""The changes to the portfolio: importing an application list (`lijst`), the GEMMA
referentiecomponenten (`gemma`) and a gemeente's use of an application (`gebruik`)."""
