"""Two homes kept in step through a folder a sync tool already keeps in step
(Syncthing, Nextcloud, Dropbox, iCloud Drive, OneDrive, a NAS): no server of ours.

- `kept`: what this computer keeps in its config folder, owner-only: the household key,
  this home's id, the sync settings (which folder, for which data file) and what came
  in from each other home (the sync state). Every file is read as hostile.
- `folder`: the shared folder's files: `household.key.age` (the household key,
  encrypted with the family's passphrase) and one `HOME-ID.reintegrate.age` per home
  (its full export, encrypted to the household key), written atomically, and read
  bounded, regular files only, each problem a plain message.
- `run`: `setup`, `join` and `sync_now` (read every other home's file, merge it with
  the merge rules of `reintegrate.store.merge`, write this home's file), and the lines
  said about each other home (`home_lines`) and on Today (`arrival_line`).
- `words`: the one maker of those words ("a change to Zoë's ladder", "a new child:
  Zoë", days counted from the date the app runs as, the versions kept aside), light
  enough for the school log to import.

Nothing here imports textual; `reintegrate.agefile` is the only code that encrypts.
"""
