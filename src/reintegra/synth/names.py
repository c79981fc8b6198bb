"""Name pools by culture, with the languages and nationalities that go with each.

Spellings keep their accents (José, María, Ramírez, João, François) so that accent-folded search
is exercised; Arabic, Russian and Chinese names are common Latin transliterations.
"""
from __future__ import annotations

from dataclasses import dataclass

# The synthetic jurisdiction's own nationality. ISO 3166 reserves "XA".."XZ" for user-assigned
# codes, so a fictional country takes one of them instead of posing as a real state.
HOME_COUNTRY = "XR"
HOME_LANGUAGE = "es"


@dataclass(frozen=True)
class Culture:
    key: str
    weight: float                        # share of the synthetic population
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    family_female: tuple[str, ...] = ()  # cultures with gendered surnames (Russian)
    languages: tuple[str, ...] = ()      # main language first (ISO 639-1)
    foreign: tuple[str, ...] = ()        # nationalities of foreign nationals of this culture
    foreign_share: float = 0.0           # of this culture's people, the share who are foreign nationals
    double_surname: bool = False         # Spanish/Portuguese style "Ramírez González"


CULTURES: tuple[Culture, ...] = (
    Culture(
        key="hispanic", weight=0.50,
        male=("José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Andrés", "Jesús", "Raúl", "Óscar",
              "Sebastián", "Martín", "Fernando", "Rubén", "Álvaro", "Iván", "Héctor", "Julián", "Tomás",
              "Diego", "Pablo", "Joaquín", "Ramón", "Alejandro", "Ángel", "Víctor", "Nicolás", "Adrián"),
        female=("María", "Ana", "Lucía", "Sofía", "Inés", "Mónica", "Verónica", "Raquel", "Beatriz",
                "Patricia", "Marisol", "Rocío", "Ángela", "Elena", "Begoña", "Dolores", "Natalia", "Inmaculada"),
        family=("Ramírez", "González", "Rodríguez", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
                "Gómez", "Jiménez", "Díaz", "Hernández", "Muñoz", "Álvarez", "Romero", "Gutiérrez", "Navarro",
                "Ruiz", "Vázquez", "Castillo", "Ortega", "Núñez", "Márquez", "Domínguez", "Suárez", "Ibáñez",
                "Peña", "Cortés", "Benítez", "Morales", "Rojas", "Herrera", "Medina", "Vega", "Castro"),
        languages=("es",), foreign=("MX", "CO", "ES", "VE", "PE"), foreign_share=0.08, double_surname=True,
    ),
    Culture(
        key="lusophone", weight=0.08,
        male=("João", "António", "José", "Sérgio", "Rogério", "Luís", "Tiago", "Gonçalo", "Vítor", "Márcio"),
        female=("Conceição", "Fátima", "Inês", "Joana", "Luíza", "Mônica", "Patrícia", "Sônia", "Cláudia"),
        family=("Conceição", "Gonçalves", "Magalhães", "Araújo", "Simões", "Brandão", "Falcão", "Guimarães",
                "Assunção", "Lourenço", "Pereira", "Ribeiro", "Carvalho", "Gomes", "Loureiro", "Sá"),
        languages=("pt", "es"), foreign=("BR", "PT", "AO", "CV"), foreign_share=0.55, double_surname=True,
    ),
    Culture(
        key="francophone", weight=0.06,
        male=("François", "Jérôme", "Stéphane", "Frédéric", "Rémi", "Hervé", "Loïc", "Noël", "Amédée"),
        female=("Hélène", "Célia", "Chloé", "Élodie", "Noémie", "Agnès", "Gaëlle", "Léa", "Mélanie"),
        family=("Lefèvre", "Lefèbvre", "Dupré", "Mercier", "Fréchette", "Bélanger", "Côté", "Gagné",
                "Lévesque", "Ménard", "Thibodeau", "Lemaître", "Fontaine", "Rousseau"),
        languages=("fr",), foreign=("FR", "SN", "CI", "HT", "CD"), foreign_share=0.6,
    ),
    Culture(
        key="arabic", weight=0.10,
        male=("Mohammed", "Ahmed", "Youssef", "Omar", "Khalid", "Karim", "Hassan", "Said", "Mustafa",
              "Abdelkader", "Rachid", "Tariq", "Bilal", "Nabil"),
        female=("Fatima", "Aisha", "Khadija", "Samira", "Nadia", "Leila", "Amina", "Zahra", "Yasmin"),
        family=("Al-Hassan", "El Amrani", "Benali", "Haddad", "Mansour", "Khalil", "Saleh", "Bouazza",
                "Al-Masri", "Abdallah", "Chaoui", "El Idrissi", "Nasser", "Hamdi"),
        languages=("ar", "fr"), foreign=("MA", "DZ", "TN", "EG", "SY", "IQ"), foreign_share=0.6,
    ),
    Culture(
        key="russian", weight=0.05,
        male=("Ivan", "Dmitri", "Sergei", "Alexei", "Nikolai", "Andrei", "Mikhail", "Yuri", "Vladimir", "Oleg"),
        female=("Olga", "Natalia", "Irina", "Tatiana", "Svetlana", "Yelena", "Anastasia", "Ekaterina"),
        family=("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkov", "Morozov", "Petrov",
                "Fedorov", "Orlov"),
        family_female=("Ivanova", "Smirnova", "Kuznetsova", "Popova", "Sokolova", "Volkova", "Morozova",
                       "Petrova", "Fedorova", "Orlova"),
        languages=("ru",), foreign=("RU", "UA", "BY", "MD", "KZ"), foreign_share=0.7,
    ),
    Culture(
        key="chinese", weight=0.04,
        male=("Wei", "Jun", "Hao", "Ming", "Jian", "Lei", "Qiang", "Xiaoming", "Zhiwei", "Tao"),
        female=("Li", "Mei", "Xiu", "Ying", "Hua", "Jing", "Xiaoling", "Fang", "Lan"),
        family=("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun"),
        languages=("zh",), foreign=("CN", "TW", "HK"), foreign_share=0.65,
    ),
    Culture(
        key="anglophone", weight=0.17,
        male=("James", "John", "Michael", "David", "Daniel", "Kevin", "Ryan", "Jason", "Liam", "Connor",
              "Tyrone", "Marcus", "Darnell", "Sean", "Patrick"),
        female=("Sarah", "Jessica", "Emily", "Ashley", "Laura", "Kayla", "Shanice", "Megan", "Siobhan"),
        family=("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
                "Thompson", "O'Brien", "McCarthy", "Walker", "Robinson", "Clarke"),
        languages=("en", "es"), foreign=("US", "GB", "JM", "NG", "GH", "IE"), foreign_share=0.25,
    ),
)

NICKNAMES: tuple[str, ...] = (
    "El Flaco", "Chino", "Güero", "Toño", "Pepe", "Nacho", "Lalo", "Moro", "Rubio", "Kiko", "Tito", "Zé",
    "Sasha", "Kolya", "Big Mike", "Junior",
)
