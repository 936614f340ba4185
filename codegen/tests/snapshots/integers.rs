/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_integers: self::exports::foo::foo::integers::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::integers::Host,
    {
        self::foo::foo::integers::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_integers = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/integers",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/integers` in world the-world"
                    )
                })?;
            self::exports::foo::foo::integers::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_integers,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/integers`.
    pub fn foo_foo_integers(&self) -> &self::exports::foo::foo::integers::Guest {
        &self.foo_foo_integers
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod integers {
            //! Bindings generated from WIT, for `foo/foo/integers`.
            /// The host's implementation of the imported interface `foo:foo/integers`.
            pub trait Host {
                /// The WIT function `a1`.
                fn a1(&mut self, x: u8) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a2`.
                fn a2(&mut self, x: i8) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a3`.
                fn a3(&mut self, x: u16) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a4`.
                fn a4(&mut self, x: i16) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a5`.
                fn a5(&mut self, x: u32) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a6`.
                fn a6(&mut self, x: i32) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a7`.
                fn a7(&mut self, x: u64) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a8`.
                fn a8(&mut self, x: i64) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `a9`.
                fn a9(
                    &mut self,
                    p1: u8,
                    p2: i8,
                    p3: u16,
                    p4: i16,
                    p5: u32,
                    p6: i32,
                    p7: u64,
                    p8: i64,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `r1`.
                fn r1(&mut self) -> ::hoist::anyhow::Result<u8>;
                /// The WIT function `r2`.
                fn r2(&mut self) -> ::hoist::anyhow::Result<i8>;
                /// The WIT function `r3`.
                fn r3(&mut self) -> ::hoist::anyhow::Result<u16>;
                /// The WIT function `r4`.
                fn r4(&mut self) -> ::hoist::anyhow::Result<i16>;
                /// The WIT function `r5`.
                fn r5(&mut self) -> ::hoist::anyhow::Result<u32>;
                /// The WIT function `r6`.
                fn r6(&mut self) -> ::hoist::anyhow::Result<i32>;
                /// The WIT function `r7`.
                fn r7(&mut self) -> ::hoist::anyhow::Result<u64>;
                /// The WIT function `r8`.
                fn r8(&mut self) -> ::hoist::anyhow::Result<i64>;
                /// The WIT function `pair-ret`.
                fn pair_ret(&mut self) -> ::hoist::anyhow::Result<(i64, u8)>;
            }
            /// Registers the functions of `foo:foo/integers` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/integers")?;
                inst.func_wrap(
                    "a1",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (u8,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a1(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a2",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (i8,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a2(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a3",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (u16,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a3(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a4",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (i16,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a4(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a5",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (u32,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a5(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a6",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (i32,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a6(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a7",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (u64,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a7(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a8",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (i64,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a8(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "a9",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (
                            arg0,
                            arg1,
                            arg2,
                            arg3,
                            arg4,
                            arg5,
                            arg6,
                            arg7,
                        ): (u8, i8, u16, i16, u32, i32, u64, i64),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::a9(
                            host,
                            arg0,
                            arg1,
                            arg2,
                            arg3,
                            arg4,
                            arg5,
                            arg6,
                            arg7,
                        )?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "r1",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(u8,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r1(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r2",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(i8,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r2(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r3",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(u16,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r3(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r4",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(i16,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r4(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r5",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(u32,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r5(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r6",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(i32,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r6(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r7",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(u64,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r7(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "r8",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(i64,)> {
                        let host = get(caller.data_mut());
                        let r = Host::r8(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "pair-ret",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<((i64, u8),)> {
                        let host = get(caller.data_mut());
                        let r = Host::pair_ret(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod integers {
                //! Bindings generated from WIT, for `exports/foo/foo/integers`.
                /// Typed access to the functions of the exported interface `foo:foo/integers`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    a1_index: ::hoist::component::ComponentExportIndex,
                    a2_index: ::hoist::component::ComponentExportIndex,
                    a3_index: ::hoist::component::ComponentExportIndex,
                    a4_index: ::hoist::component::ComponentExportIndex,
                    a5_index: ::hoist::component::ComponentExportIndex,
                    a6_index: ::hoist::component::ComponentExportIndex,
                    a7_index: ::hoist::component::ComponentExportIndex,
                    a8_index: ::hoist::component::ComponentExportIndex,
                    a9_index: ::hoist::component::ComponentExportIndex,
                    r1_index: ::hoist::component::ComponentExportIndex,
                    r2_index: ::hoist::component::ComponentExportIndex,
                    r3_index: ::hoist::component::ComponentExportIndex,
                    r4_index: ::hoist::component::ComponentExportIndex,
                    r5_index: ::hoist::component::ComponentExportIndex,
                    r6_index: ::hoist::component::ComponentExportIndex,
                    r7_index: ::hoist::component::ComponentExportIndex,
                    r8_index: ::hoist::component::ComponentExportIndex,
                    pair_ret_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/integers` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let a1_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a1",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a1` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u8,),
                                (),
                            >(store.as_context_mut(), &a1_index)?;
                        let a2_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a2",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a2` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (i8,),
                                (),
                            >(store.as_context_mut(), &a2_index)?;
                        let a3_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a3",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a3` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u16,),
                                (),
                            >(store.as_context_mut(), &a3_index)?;
                        let a4_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a4",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a4` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (i16,),
                                (),
                            >(store.as_context_mut(), &a4_index)?;
                        let a5_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a5",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a5` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u32,),
                                (),
                            >(store.as_context_mut(), &a5_index)?;
                        let a6_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a6",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a6` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (i32,),
                                (),
                            >(store.as_context_mut(), &a6_index)?;
                        let a7_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a7",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a7` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u64,),
                                (),
                            >(store.as_context_mut(), &a7_index)?;
                        let a8_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a8",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a8` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (i64,),
                                (),
                            >(store.as_context_mut(), &a8_index)?;
                        let a9_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "a9",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `a9` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u8, i8, u16, i16, u32, i32, u64, i64),
                                (),
                            >(store.as_context_mut(), &a9_index)?;
                        let r1_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r1",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r1` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (u8,),
                            >(store.as_context_mut(), &r1_index)?;
                        let r2_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r2",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r2` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (i8,),
                            >(store.as_context_mut(), &r2_index)?;
                        let r3_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r3",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r3` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (u16,),
                            >(store.as_context_mut(), &r3_index)?;
                        let r4_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r4",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r4` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (i16,),
                            >(store.as_context_mut(), &r4_index)?;
                        let r5_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r5",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r5` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (u32,),
                            >(store.as_context_mut(), &r5_index)?;
                        let r6_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r6",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r6` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (i32,),
                            >(store.as_context_mut(), &r6_index)?;
                        let r7_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r7",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r7` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (u64,),
                            >(store.as_context_mut(), &r7_index)?;
                        let r8_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "r8",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `r8` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (i64,),
                            >(store.as_context_mut(), &r8_index)?;
                        let pair_ret_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "pair-ret",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `pair-ret` in exported interface `foo:foo/integers`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                ((i64, u8),),
                            >(store.as_context_mut(), &pair_ret_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            a1_index,
                            a2_index,
                            a3_index,
                            a4_index,
                            a5_index,
                            a6_index,
                            a7_index,
                            a8_index,
                            a9_index,
                            r1_index,
                            r2_index,
                            r3_index,
                            r4_index,
                            r5_index,
                            r6_index,
                            r7_index,
                            r8_index,
                            pair_ret_index,
                        })
                    }
                    /// The WIT function `a1`.
                    pub fn call_a1(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: u8,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u8,),
                                (),
                            >(store.as_context_mut(), &self.a1_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a2`.
                    pub fn call_a2(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: i8,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (i8,),
                                (),
                            >(store.as_context_mut(), &self.a2_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a3`.
                    pub fn call_a3(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: u16,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u16,),
                                (),
                            >(store.as_context_mut(), &self.a3_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a4`.
                    pub fn call_a4(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: i16,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (i16,),
                                (),
                            >(store.as_context_mut(), &self.a4_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a5`.
                    pub fn call_a5(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: u32,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u32,),
                                (),
                            >(store.as_context_mut(), &self.a5_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a6`.
                    pub fn call_a6(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: i32,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (i32,),
                                (),
                            >(store.as_context_mut(), &self.a6_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a7`.
                    pub fn call_a7(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: u64,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u64,),
                                (),
                            >(store.as_context_mut(), &self.a7_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a8`.
                    pub fn call_a8(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: i64,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (i64,),
                                (),
                            >(store.as_context_mut(), &self.a8_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `a9`.
                    pub fn call_a9(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        p1: u8,
                        p2: i8,
                        p3: u16,
                        p4: i16,
                        p5: u32,
                        p6: i32,
                        p7: u64,
                        p8: i64,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u8, i8, u16, i16, u32, i32, u64, i64),
                                (),
                            >(store.as_context_mut(), &self.a9_index)?;
                        let () = callee
                            .call(
                                store.as_context_mut(),
                                (p1, p2, p3, p4, p5, p6, p7, p8),
                            )?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `r1`.
                    pub fn call_r1(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<u8> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (u8,),
                            >(store.as_context_mut(), &self.r1_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r2`.
                    pub fn call_r2(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<i8> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (i8,),
                            >(store.as_context_mut(), &self.r2_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r3`.
                    pub fn call_r3(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<u16> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (u16,),
                            >(store.as_context_mut(), &self.r3_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r4`.
                    pub fn call_r4(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<i16> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (i16,),
                            >(store.as_context_mut(), &self.r4_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r5`.
                    pub fn call_r5(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<u32> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (u32,),
                            >(store.as_context_mut(), &self.r5_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r6`.
                    pub fn call_r6(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<i32> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (i32,),
                            >(store.as_context_mut(), &self.r6_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r7`.
                    pub fn call_r7(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<u64> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (u64,),
                            >(store.as_context_mut(), &self.r7_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `r8`.
                    pub fn call_r8(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<i64> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (i64,),
                            >(store.as_context_mut(), &self.r8_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `pair-ret`.
                    pub fn call_pair_ret(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<(i64, u8)> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                ((i64, u8),),
                            >(store.as_context_mut(), &self.pair_ret_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
