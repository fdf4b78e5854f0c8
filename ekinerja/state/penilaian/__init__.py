"""The Penilaian Kinerja page is made of several states: ``rating`` (the atasan rates the team's SKPs,
everyone sees their own results) opens an evaluation and then tells the others beside it to show it:
``development`` (rencana pengembangan), ``peer_input`` (masukan rekan) and ``self_assessment``
(penilaian diri)."""
