"""The address code that is neither a model, a rule nor a view (issue 13, house layout):

  files.py     reads and writes the official 도로명주소 한글 전체분 files (standard library only)
  importer.py  loads those files into the address tables, atomically (staging tables, one swap)
  cli.py       `flask esop import-addresses FILE...`, the operator's command for importer.py
  synth.py     a synthetic national-size file in the official layout, for tests and benchmarks
  adapter.py   우편번호 검색 behind one interface: the app's own tables or the official search API

Elsewhere, by the house layout: the tables in esop/models/address.py, the pure query parsing in
esop/rules/address_query.py, the search fragments in esop/lookup/address.py.
Nothing is imported here: files.py and synth.py use the standard library only, and stay that way.
"""
